import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC_KEY } from './auth.constants.js';

/** Opens a route (or a whole controller) to anonymous callers. Everything else needs a token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
