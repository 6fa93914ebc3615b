import { Controller, HttpCode, Inject, Param, ParseUUIDPipe, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { AUTHENTICATED, ApiProblems } from '../../../common/http/openapi/problem';

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
  @ApiOperation({
    summary: "Upload a data store's file",
    description: 'The raw body is the file, streamed (any size up to STRATA_MAX_UPLOAD_BYTES). The data store must have an upload param naming it.',
  })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ description: 'the file, as the raw body', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, ...AUTHENTICATED, 404, 409, 413)
  @ApiNoContentResponse({ description: 'stored; listed by GET /api/items/:id/files' })
  async upload(@Param('id', new ParseUUIDPipe()) id: string, @Param('fileName') fileName: string, @Req() req: AuthenticatedRequest): Promise<void> {
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
