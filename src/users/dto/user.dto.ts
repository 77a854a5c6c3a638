import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../auth/role.enum.js';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'user@example.com' })
  email: string;

  @ApiProperty({ enum: Role, isArray: true, example: [Role.User] })
  roles: Role[];
}
