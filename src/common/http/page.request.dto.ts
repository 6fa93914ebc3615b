import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE, MAX_PAGE } from '../pagination';

/** An optional whole-number query parameter from 1 to `maximum`: documented, converted from its text, checked. */
export function CountQuery(options: { maximum: number; default: number; description?: string }) {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, ...options }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(options.maximum),
  );
}

/** `limit` and `cursor`, as every list takes them (SPEC §3). */
export class PageRequest {
  @CountQuery({ maximum: MAX_PAGE, default: DEFAULT_PAGE })
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}
