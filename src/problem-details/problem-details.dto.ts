import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ type: [String], example: ['email must be an email'] })
  messages: string[];
}

/** The OpenAPI schema of every error body (RFC 9457). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank' })
  type: string;

  @ApiProperty({ example: 'Unauthorized' })
  title: string;

  @ApiProperty({ example: 401 })
  status: number;

  @ApiProperty({ example: 'The access token expired.' })
  detail: string;

  @ApiProperty({ example: '/admin/users' })
  instance: string;

  @ApiProperty({
    example: 'req-1f3c',
    description: 'Also in the X-Request-Id header and the audit log: quote it when reporting',
  })
  requestId: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Validation errors, one per field' })
  errors?: FieldErrorDto[];
}
