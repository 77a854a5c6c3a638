import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role } from '../../auth/role.enum.js';
import { PageQueryDto } from '../../pagination/page-query.dto.js';
import { EmailPrefix } from '../../validation/account-email.decorator.js';

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Only the users whose email starts with this, ignoring case and Unicode compatibility forms (NFKC); `%`, `_` and `\\` match themselves',
    example: 'ada',
    maxLength: 254,
  })
  @IsOptional()
  @EmailPrefix()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: Role, description: 'Only the users holding this role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}
