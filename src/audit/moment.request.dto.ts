import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `asOf` or `position`: answer as the repository was then (SPEC §7). */
export class MomentRequest {
  @ApiPropertyOptional({ format: 'date-time', description: 'answer as of this time' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  asOf?: string;

  @ApiPropertyOptional({ description: 'answer as of this log position (a JSON body may give it as a number)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value))
  @IsString()
  @MaxLength(20)
  position?: string;
}
