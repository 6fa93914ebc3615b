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
