import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from './user.dto.js';

export class AdminUserDto extends UserDto {
  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
