import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ITEM_TYPES } from '../domain/item';

/** The API's item (SPEC §3), for the OpenAPI document. */
export class ItemResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ITEM_TYPES }) type: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) folderId: string | null;
  @ApiProperty({ example: '/Standard/Essential Geometric Checks/Check for Kickbacks' }) path: string;
  @ApiProperty() description: string;
  @ApiProperty() comments: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) content: Record<string, unknown>;
  @ApiProperty() version: number;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() lastEditedBy: string;
  @ApiProperty() lastEditedAt: string;
  @ApiPropertyOptional({ description: 'rules, actions and templates: has every child its kind needs and every template resolves' })
  complete?: boolean;
  @ApiPropertyOptional({ enum: ['password', 'files'], isArray: true, description: 'data stores: what is still missing' })
  needs?: string[];
}

export class ItemPageResponse {
  @ApiProperty({ type: [ItemResponse] }) items: ItemResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** A node of `GET /api/tree` (see TreePages). */
export class TreeNodeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ITEM_TYPES }) type: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ type: () => [TreeNodeResponse], description: 'a folder within the requested depth: its entries on this page' })
  children?: TreeNodeResponse[];
  @ApiPropertyOptional({ enum: [true], description: 'this folder was on an earlier page; these are the entries that follow' })
  continued?: true;
}

export class TreePageResponse {
  @ApiProperty({ type: [TreeNodeResponse] }) items: TreeNodeResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
