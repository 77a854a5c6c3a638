import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

/**
 * A path parameter that must be a UUID (else 400), documented as one (`format: uuid`) by the same
 * decorator, so the document cannot say less than the pipe checks.
 */
export function UuidParam(name = 'id'): ParameterDecorator {
  return (target, key, index) => {
    Param(name, ParseUUIDPipe)(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiParam({ name, type: String, format: 'uuid' })(target, key, descriptor);
  };
}
