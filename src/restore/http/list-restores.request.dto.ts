import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE, MAX_PAGE } from '../../common/pagination';
import type { RestoreKind } from '../domain/restore.events';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}

export class RestoreItemsPageQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['ok', 'renamed', 'replaced', 'skipped', 'failed'] })
  @IsOptional()
  @IsIn(['ok', 'renamed', 'replaced', 'skipped', 'failed'])
  status?: string;
}

export class ListRestoresQuery extends PageQuery {
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
