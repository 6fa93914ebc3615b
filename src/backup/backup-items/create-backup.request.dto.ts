import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';

export class CreateBackupRequest {
  @ApiProperty({ type: [String], format: 'uuid', description: 'items and folders to back up, with everything they need' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiPropertyOptional({ enum: ['json', 'xml'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xml'])
  format?: 'json' | 'xml';
}
