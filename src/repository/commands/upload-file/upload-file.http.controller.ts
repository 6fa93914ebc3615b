import { Controller, HttpCode, Inject, Param, ParseUUIDPipe, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../../../auth/auth.decorators';
import { commandMeta } from '../../../common/http/command-meta.http';
import { STRATA_CONFIG, type StrataConfig } from '../../../config/config';
import { BlobStore } from '../../../files/blob-store';
import { ItemQueries } from '../../queries/item-queries';
import { DomainError, notFound } from '../../../common/errors';
import { NoBodyParsing } from '../../../common/http/json-body';
import { attachFileProblem } from '../../domain/item.decider';
import type { ItemContent } from '../../domain/item';
import { UploadFileCommand } from './upload-file.command';

@ApiTags('items')
@ApiBearerAuth()
@Controller('api/items')
export class UploadFileHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly blobs: BlobStore,
    private readonly queries: ItemQueries,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
  ) {}

  /**
   * Checked first (a data store naming that file), so that a refused upload is never read; then
   * the raw body streams to a temporary file while it is hashed, and becomes a content-addressed
   * blob only if the command succeeds (the command checks again: the item may change meanwhile).
   */
  @Put(':id/files/:fileName')
  @HttpCode(204)
  @NoBodyParsing()
  @ApiBody({ description: 'the file, as the raw body (any content type)', schema: { type: 'string', format: 'binary' } })
  @ApiNoContentResponse({ description: 'stored; listed by GET /api/items/:id/files' })
  async upload(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('fileName') fileName: string,
    @Req() req: AuthenticatedRequest,
  ): Promise<void> {
    const row = this.queries.row(id);
    if (!row) throw notFound('item');
    const problem = attachFileProblem({ type: row.type, content: JSON.parse(row.content) as ItemContent }, fileName);
    if (problem) throw new DomainError('VALIDATION_FAILED', problem);
    const blob = await this.blobs.receive(req, this.config.maxUploadBytes);
    try {
      await this.commands.execute(new UploadFileCommand(id, fileName, blob, commandMeta(req)));
    } finally {
      this.blobs.discard(blob);
    }
  }
}
