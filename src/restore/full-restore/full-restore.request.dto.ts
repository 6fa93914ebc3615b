import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { queryBoolean } from '../../common/http/query-boolean';

/** `POST /api/admin/repository/restore` query (SPEC §6). */
export class RepositoryRestoreQuery {
  @ApiPropertyOptional({ default: false, description: 'run everything but the commit: the counts and per-item outcomes of what would change' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'take a backup whose scope is not "repository" (an item backup): every item it does not hold is deleted. Without it, such a backup is refused with 422 INVALID_BACKUP.',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  allowItemScope?: boolean;
}
