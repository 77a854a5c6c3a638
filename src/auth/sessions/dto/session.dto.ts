import { ApiProperty } from '@nestjs/swagger';

/** One of the caller's live sessions: a sign-in, with the refresh tokens rotated from it. */
export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the sign-in happened' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', description: 'The last refresh' })
  lastUsedAt: Date;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The User-Agent of the sign-in, at most 200 characters',
  })
  userAgent: string | null;

  @ApiProperty({ description: 'Whether this is the session of the access token of the request' })
  current: boolean;
}
