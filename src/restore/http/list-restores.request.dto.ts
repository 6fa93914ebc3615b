import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageRequest } from '../../common/http/page.request.dto';
import type { RestoreKind } from '../domain/restore.events';

export class RestoreItemsPageQuery extends PageRequest {
  @ApiPropertyOptional({ enum: ['ok', 'renamed', 'replaced', 'skipped', 'failed'] })
  @IsOptional()
  @IsIn(['ok', 'renamed', 'replaced', 'skipped', 'failed'])
  status?: string;
}

export class ListRestoresQuery extends PageRequest {
  @ApiPropertyOptional({ description: 'user name or id' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user?: string;

  @ApiPropertyOptional({ enum: ['items', 'repository', 'rollback'] })
  @IsOptional()
  @IsIn(['items', 'repository', 'rollback'])
  kind?: RestoreKind;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601()
  since?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601()
  until?: string;
}
