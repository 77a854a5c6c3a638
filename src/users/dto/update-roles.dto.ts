import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum } from 'class-validator';
import { Role } from '../../auth/role.enum.js';

export class UpdateRolesDto {
  @ApiProperty({ enum: Role, isArray: true, example: [Role.User, Role.Admin] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(Object.values(Role).length)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];
}
