import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class SetPasswordRequest {
  @ApiProperty({ description: 'the password param name' })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiProperty({ description: 'write-only; stored encrypted, never returned', writeOnly: true })
  @IsString()
  @Length(1, 10_000)
  value: string;
}
