import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role } from '../../auth/role.enum.js';
import { PageQueryDto } from '../../pagination/page-query.dto.js';

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'Only the users whose email starts with this, ignoring case; `%`, `_` and `\\` match themselves',
    example: 'ada',
    maxLength: 254,
  })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: Role, description: 'Only the users holding this role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}
