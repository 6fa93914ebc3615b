import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../../../auth/auth.decorators';
import { commandMeta, expectedVersion } from '../../../common/http/command-meta.http';
import { SetPasswordCommand } from './set-password.command';
import { SetPasswordRequest } from './set-password.request.dto';
import { AUTHENTICATED, ApiProblems } from '../../../common/http/openapi/problem';

@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class SetPasswordHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':id/password')
  @HttpCode(204)
  @ApiOperation({ summary: "Set a data store's password", description: 'Write-only: stored encrypted, never in a response, a backup or the log.' })
  @ApiProblems(400, ...AUTHENTICATED, 404, 409, 412)
  @ApiNoContentResponse({ description: 'the password is stored encrypted; it is never shown again' })
  async setPassword(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetPasswordRequest, @Req() req: AuthenticatedRequest): Promise<void> {
    await this.commands.execute(new SetPasswordCommand(id, body.name, body.value, expectedVersion(req), commandMeta(req)));
  }
}
