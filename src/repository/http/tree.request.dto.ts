import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MomentRequest } from '../../audit/moment.request.dto';
import { CountQuery } from '../../common/http/page.request.dto';
import { MAX_PAGE } from '../../common/pagination';
import { LIMITS } from '../domain/limits';

/** `GET /api/tree`: which subtree, how deep, which page (SPEC §3), as of when (§7). */
export class TreeRequest extends MomentRequest {
  @ApiPropertyOptional({ description: 'the folder whose subtree is given; absent or "root": the whole repository' })
  @IsOptional()
  @Matches(/^(root|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'folderId must be a uuid or "root"' })
  folderId?: string;

  @CountQuery({ maximum: LIMITS.folderDepth, default: LIMITS.folderDepth, description: 'levels below the folder (1: its own entries)' })
  depth?: number;

  @CountQuery({ maximum: MAX_PAGE, default: MAX_PAGE, description: 'nodes per page, all levels together' })
  limit?: number;

  @ApiPropertyOptional({ description: "the previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  cursor?: string;
}
