import { Controller, Delete, HttpCode, Param, ParseBoolPipe, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiQuery, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../../../auth/auth.decorators';
import { commandMeta, expectedVersion } from '../../../common/http/command-meta.http';
import { DeleteItemCommand } from './delete-item.command';
import { AUTHENTICATED, ApiProblems } from '../../../common/http/openapi/problem';

@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class DeleteItemHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an item',
    description: '409 ITEM_IN_USE lists the referrers while anything references it; a non-empty folder needs recursive=true.',
  })
  @ApiProblems(400, ...AUTHENTICATED, 404, 409, 412)
  @ApiQuery({ name: 'recursive', required: false, type: Boolean, description: 'needed to delete a non-empty folder' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiNoContentResponse({ description: 'deleted; 409 ITEM_IN_USE lists the referrers' })
  async delete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('recursive', new ParseBoolPipe({ optional: true })) recursive: boolean | undefined,
    @Req() req: AuthenticatedRequest,
  ): Promise<void> {
    await this.commands.execute(new DeleteItemCommand(id, recursive ?? false, expectedVersion(req), commandMeta(req)));
  }
}
