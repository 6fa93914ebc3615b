import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { RequireRole, type AuthenticatedRequest } from '../../auth/auth.decorators';
import { DomainError } from '../../common/errors';
import { MomentRequest } from '../../audit/moment.request.dto';
import { resolveMoment } from '../../audit/moment';
import { ViewDatabase } from '../../read-model/view-database';
import { ADMIN, ApiProblems, ref } from '../../common/http/openapi/problem';
import { RollbackService } from './rollback.service';

export class RollbackRequest extends MomentRequest {
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

/** The whole repository, for administrators (SPEC §6): rolled back to a moment. */
@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/admin/repository')
export class RollbackHttpController {
  constructor(
    private readonly view: ViewDatabase,
    private readonly rollbacks: RollbackService,
  ) {}

  @Post('rollback')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'RepositoryHttpController_rollback', // as before the split: clients generated from the document key on it
    summary: 'Roll the repository back to a moment',
    description: 'Admins only. The repository becomes what it was at asOf or position, as one compensating batch; recorded as a restore of kind rollback.',
  })
  @ApiOkResponse({ description: 'what changed (or would, in a dry run)', schema: ref('RollbackResult') })
  @ApiProblems(400, ...ADMIN, 409)
  rollback(@Body() body: RollbackRequest, @Req() req: AuthenticatedRequest) {
    const at = resolveMoment(this.view, body);
    if (at === undefined) throw new DomainError('VALIDATION_FAILED', 'give the moment to roll back to: asOf or position');
    return this.rollbacks.rollback(at, req.actor, { dryRun: body.dryRun ?? false, asOf: body.asOf });
  }
}
