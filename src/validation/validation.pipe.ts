import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import {
  findUnacceptableInput,
  invalidInput,
  toFieldErrors,
} from '../problem-details/validation-problem.js';

/**
 * The app-wide pipe: unknown fields are refused (a caller can never send `roles` or `id`), and
 * errors list the offending fields. Input no DTO can accept is refused first, for every module.
 */
class RequestValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const error =
      metadata.type === 'custom' ? undefined : findUnacceptableInput(value, metadata.data);
    if (error) throw invalidInput([error]);
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => invalidInput(toFieldErrors(errors)),
  });
}
