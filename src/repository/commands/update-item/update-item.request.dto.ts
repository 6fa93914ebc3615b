import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

/** Rename, move, describe, comment, change content — any of them at once. */
export class UpdateItemRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'move into this folder; null for the root' })
  @ValidateIf((o: UpdateItemRequest) => o.folderId !== null && o.folderId !== undefined)
  @IsUUID()
  folderId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1_000_000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1_000_000)
  comments?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  content?: Record<string, unknown>;
}
