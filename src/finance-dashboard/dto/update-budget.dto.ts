import { PartialType } from '@nestjs/swagger';
import { CreateBudgetDto } from './create-budget.dto.js';

/** Any subset of the fields; `null` is validated like any value, so it is refused. */
export class UpdateBudgetDto extends PartialType(CreateBudgetDto, { skipNullProperties: false }) {}
