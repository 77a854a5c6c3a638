import { ApiProperty } from '@nestjs/swagger';

export const VERIFICATION_SENT_MESSAGE =
  'A new verification link is on its way to your email address; older links no longer work.';

export class VerificationSentDto {
  @ApiProperty({ example: VERIFICATION_SENT_MESSAGE })
  message: string;
}
