import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { OnConflict } from '../domain/restore.events';
import { queryBoolean } from '../../common/http/query-boolean';

export class RestoreItemsQuery {
  @ApiPropertyOptional({ default: false, description: 'run everything but the commit; same report' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({ enum: ['rename', 'replace', 'skip'], default: 'rename' })
  @IsOptional()
  @IsIn(['rename', 'replace', 'skip'])
  onConflict?: OnConflict;
}
