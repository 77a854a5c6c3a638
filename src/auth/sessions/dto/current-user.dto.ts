import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../../users/dto/user.dto.js';

export class CurrentUserDto extends UserDto {
  @ApiProperty({
    description: 'Whether the user proved they receive mail at `email`',
    example: true,
  })
  emailVerified: boolean;
}
