import { ApiProperty } from '@nestjs/swagger';

export const RESET_REQUESTED_MESSAGE =
  'If an account has this email, a link to reset its password is on its way.';

/** The same answer whether or not an account has the email: it must not tell which. */
export class ResetRequestedDto {
  @ApiProperty({ example: RESET_REQUESTED_MESSAGE })
  message: string;
}
