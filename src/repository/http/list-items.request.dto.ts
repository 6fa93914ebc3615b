import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ITEM_TYPES, type ItemType } from '../domain/item';
import { PageRequest } from '../../common/http/page.request.dto';
import { MomentRequest } from '../../audit/moment.request.dto';

export class ListItemsRequest extends IntersectionType(PageRequest, MomentRequest) {
  @ApiPropertyOptional({ type: String, description: 'a folder id (uuid), or "root" for items at the top level', pattern: '^(root|[0-9a-fA-F-]{36})$' })
  @IsOptional()
  @Matches(/^(root|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'folderId must be a uuid or "root"' })
  folderId?: string;

  @ApiPropertyOptional({ enum: ITEM_TYPES })
  @IsOptional()
  @IsIn(ITEM_TYPES)
  type?: ItemType;

  @ApiPropertyOptional({ description: 'case-insensitive part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;
}
