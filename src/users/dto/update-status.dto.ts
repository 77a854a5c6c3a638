import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class UpdateStatusDto {
  @ApiProperty({
    description: 'A disabled user cannot sign in, and their tokens stop working at once.',
  })
  @IsBoolean()
  disabled: boolean;
}
