import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from './user.dto.js';

export class AdminUserDto extends UserDto {
  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ description: 'Whether the user proved they receive mail at `email`' })
  emailVerified: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
