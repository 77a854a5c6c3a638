import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Only ever a part of ProblemDetailsDto (its `errors`), so it stays beside it. */
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

  @ApiProperty({ type: 'integer', example: 401 })
  status: number;

  @ApiProperty({ example: 'The access token expired.' })
  detail: string;

  @ApiProperty({ example: '/admin/users' })
  instance: string;

  @ApiProperty({
    example: '0b6f1c1e-5f4e-4b8a-9d7c-2a3e4f5a6b7c',
    description: 'Also in the X-Request-Id header and the audit log: quote it when reporting',
  })
  requestId: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Validation errors, one per field' })
  errors?: FieldErrorDto[];
}
