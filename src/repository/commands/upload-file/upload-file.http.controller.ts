import { Controller, HttpCode, Inject, Param, ParseUUIDPipe, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../../../auth/auth.decorators';
import { commandMeta } from '../../../common/http/command-meta.http';
import { STRATA_CONFIG, type StrataConfig } from '../../../config/config';
import { BlobStore } from '../../../files/blob-store';
import { ItemQueries } from '../../queries/item-queries';
import { notFound } from '../../../common/errors';
import { UploadFileCommand } from './upload-file.command';
import { NoBodyParsing } from '../../../common/http/json-body';

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

  /** The raw request body is streamed to a content-addressed blob while it is hashed. */
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
    if (!this.queries.row(id)) throw notFound('item');
    const blob = await this.blobs.put(req, this.config.maxUploadBytes);
    await this.commands.execute(new UploadFileCommand(id, fileName, blob, commandMeta(req)));
  }
}
