import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ApiPageResponse } from '../pagination/api-page-response.decorator.js';
import { PageQueryDto } from '../pagination/page-query.dto.js';
import type { PageDto } from '../pagination/page.dto.js';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { BudgetDto } from './dto/budget.dto.js';
import { BudgetWithTransactionsDto } from './dto/budget-with-transactions.dto.js';
import { CreateBudgetDto } from './dto/create-budget.dto.js';
import { CreateTransactionDto } from './dto/create-transaction.dto.js';
import { DashboardDto } from './dto/dashboard.dto.js';
import { TransactionDto } from './dto/transaction.dto.js';
import { UpdateBudgetDto } from './dto/update-budget.dto.js';
import { budgetNotFound, FinanceDashboardService } from './finance-dashboard.service.js';
import { UuidParam } from '../validation/uuid-param.decorator.js';

/** Personal finance: any signed-in user, each seeing only their own budgets. */
@ApiTags('finance')
@Authenticated()
@Controller('finance')
export class FinanceDashboardController {
  constructor(private readonly finance: FinanceDashboardService) {}

  @Get('dashboard')
  @ApiOperation({
    operationId: 'getDashboard',
    summary: 'Totals over all the caller’s budgets, and the first page of them',
  })
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@CurrentUser() user: AuthenticatedUser): Promise<DashboardDto> {
    return this.finance.dashboard(user.id);
  }

  @Get('budgets')
  @ApiOperation({ operationId: 'listBudgets', summary: "The caller's budgets, oldest first" })
  @ApiPageResponse(BudgetDto)
  listBudgets(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<BudgetDto>> {
    return this.finance.listBudgets(user.id, query);
  }

  @Post('budgets')
  @ApiOperation({ operationId: 'createBudget', summary: 'Create a budget' })
  @ApiCreatedResponse({ type: BudgetDto })
  @ApiProblemResponse(400, 'Invalid body')
  createBudget(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateBudgetDto,
  ): Promise<BudgetDto> {
    return this.finance.createBudget(user.id, body);
  }

  @Get('budgets/:id')
  @ApiOperation({
    operationId: 'getBudget',
    summary: 'One of the caller’s budgets, with its most recent transactions',
  })
  @ApiOkResponse({ type: BudgetWithTransactionsDto })
  @ApiProblemResponse(400, 'Malformed id')
  @ApiProblemResponse(404, 'No such budget among the caller’s', budgetNotFound())
  getBudget(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam() id: string,
  ): Promise<BudgetWithTransactionsDto> {
    return this.finance.getBudget(user.id, id);
  }

  @Patch('budgets/:id')
  @ApiOperation({ operationId: 'updateBudget', summary: 'Rename a budget or change its limit' })
  @ApiOkResponse({ type: BudgetDto })
  @ApiProblemResponse(400, 'Invalid body or id')
  @ApiProblemResponse(404, 'No such budget among the caller’s', budgetNotFound())
  updateBudget(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam() id: string,
    @Body() body: UpdateBudgetDto,
  ): Promise<BudgetDto> {
    return this.finance.updateBudget(user.id, id, body);
  }

  @Delete('budgets/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'deleteBudget', summary: 'Delete a budget and its transactions' })
  @ApiNoContentResponse()
  @ApiProblemResponse(400, 'Malformed id')
  @ApiProblemResponse(404, 'No such budget among the caller’s', budgetNotFound())
  deleteBudget(@CurrentUser() user: AuthenticatedUser, @UuidParam() id: string): Promise<void> {
    return this.finance.deleteBudget(user.id, id);
  }

  @Get('budgets/:id/transactions')
  @ApiOperation({
    operationId: 'listTransactions',
    summary: 'The transactions of one of the caller’s budgets, newest first',
  })
  @ApiPageResponse(TransactionDto)
  @ApiProblemResponse(400, 'Malformed id')
  @ApiProblemResponse(404, 'No such budget among the caller’s', budgetNotFound())
  listTransactions(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam() id: string,
    @Query() query: PageQueryDto,
  ): Promise<PageDto<TransactionDto>> {
    return this.finance.listTransactions(user.id, id, query);
  }

  @Post('budgets/:id/transactions')
  @ApiOperation({ operationId: 'addTransaction', summary: 'Record spending against a budget' })
  @ApiCreatedResponse({ type: TransactionDto })
  @ApiProblemResponse(400, 'Invalid body or id')
  @ApiProblemResponse(404, 'No such budget among the caller’s', budgetNotFound())
  addTransaction(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam() id: string,
    @Body() body: CreateTransactionDto,
  ): Promise<TransactionDto> {
    return this.finance.addTransaction(user.id, id, body);
  }
}
