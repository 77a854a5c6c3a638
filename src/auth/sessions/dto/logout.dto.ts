import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LogoutDto {
  @ApiPropertyOptional({
    description: "Also revoke this refresh token's session (it must be yours)",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  refreshToken?: string;
}
