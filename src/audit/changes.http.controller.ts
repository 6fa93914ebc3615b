import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ViewDatabase } from '../read-model/view-database';
import { DEFAULT_PAGE } from '../common/pagination';
import { DomainError } from '../common/errors';
import { PageRequest } from '../common/http/page.request.dto';
import { resolveMoment } from './moment';
import { changesBetween } from './changes';
import { AUTHENTICATED, ApiProblems, ref } from '../common/http/openapi/problem';

export class ChangesQuery extends PageRequest {
  @ApiPropertyOptional({ description: 'an ISO time, or a log position' })
  @IsString()
  @MaxLength(64)
  from: string;

  @ApiPropertyOptional({ description: 'an ISO time, or a log position; default now' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/changes')
export class ChangesHttpController {
  constructor(private readonly view: ViewDatabase) {}

  @Get()
  @ApiOperation({
    summary: 'What changed between two moments',
    description: 'Items created, changed (with the fields that changed) and deleted between `from` and `to` (ISO times or positions), paged.',
  })
  @ApiOkResponse({ description: 'the changes, paged', schema: ref('ChangePage') })
  @ApiProblems(400, ...AUTHENTICATED)
  changes(@Query() query: ChangesQuery) {
    const from = this.moment(query.from, 'from');
    const to = query.to === undefined ? this.view.checkpoint() : this.moment(query.to, 'to');
    if (from > to) throw new DomainError('VALIDATION_FAILED', '"from" must not be after "to"');
    return changesBetween(this.view, from, to, query.limit ?? DEFAULT_PAGE, query.cursor);
  }

  /** A moment given as a position (digits) or an ISO time; errors name the parameter. */
  private moment(value: string, name: 'from' | 'to'): bigint {
    return resolveMoment(this.view, /^\d+$/.test(value) ? { position: value } : { asOf: value }, name) ?? 0n;
  }
}
