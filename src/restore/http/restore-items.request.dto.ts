import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { OnConflict } from '../domain/restore.events';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class RestoreItemsQuery {
  @ApiPropertyOptional({ default: false, description: 'run everything but the commit; same report' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ enum: ['rename', 'replace', 'skip'], default: 'rename' })
  @IsOptional()
  @IsIn(['rename', 'replace', 'skip'])
  onConflict?: OnConflict;
}

/** `POST /api/admin/repository/restore` query (SPEC §6). */
export class RepositoryRestoreQuery {
  @ApiPropertyOptional({ default: false, description: 'run everything but the commit: the counts and per-item outcomes of what would change' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'take a backup whose scope is not "repository" (an item backup): every item it does not hold is deleted. Without it, such a backup is refused with 422 INVALID_BACKUP.',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  allowItemScope?: boolean;
}
