import { applyDecorators, Header } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { TokenPairDto } from './dto/token-pair.dto.js';

/**
 * A 200 carrying a token pair: `Pragma: no-cache` beside the Cache-Control: no-store of every
 * response (RFC 6749 §5.1), set and documented by the same decorator.
 */
export const TokenPairResponse = () =>
  applyDecorators(
    Header('pragma', 'no-cache'),
    ApiOkResponse({
      type: TokenPairDto,
      headers: {
        Pragma: {
          description: 'For HTTP/1.0 caches (RFC 6749 §5.1)',
          required: true,
          schema: { type: 'string', enum: ['no-cache'] },
        },
      },
    }),
  );
