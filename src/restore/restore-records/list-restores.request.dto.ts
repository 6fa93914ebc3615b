import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageRequest } from '../../common/http/page.request.dto';
import type { RestoreKind } from '../domain/restore.events';

/** Item restores give ok…failed; full restores and rollbacks created, replaced, deleted. */
const OUTCOMES = ['ok', 'renamed', 'replaced', 'skipped', 'failed', 'created', 'deleted'];

export class RestoreItemsPageQuery extends PageRequest {
  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES)
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
  @IsISO8601({ strict: true }) // strict: 2026-02-30 does not exist
  since?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true }) // strict: 2026-02-30 does not exist
  until?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only dry runs; false: only restores that could change the repository; absent: both' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}
