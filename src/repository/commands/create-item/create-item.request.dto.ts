import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { ITEM_TYPES, type ItemType } from '../../domain/item';
import { LIMITS } from '../../domain/limits';

export class CreateItemRequest {
  @ApiProperty({ enum: ITEM_TYPES })
  @IsIn(ITEM_TYPES)
  type: ItemType;

  @ApiProperty({ description: `1–${LIMITS.nameLength} characters, no "/", no control characters`, maxLength: LIMITS.nameLength })
  @IsString()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'containing folder; null or absent for the root' })
  @ValidateIf((o: CreateItemRequest) => o.folderId !== null && o.folderId !== undefined)
  @IsUUID()
  folderId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.textLength)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.textLength)
  comments?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: `by type, SPEC §3; references are item ids; at most ${LIMITS.contentDepth} levels of arrays and objects`,
  })
  @IsOptional()
  @IsObject()
  content?: Record<string, unknown>;
}
