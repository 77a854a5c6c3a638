import { Module } from '@nestjs/common';
import { PaginationModule } from '../pagination/pagination.module.js';
import { FinanceDashboardController } from './finance-dashboard.controller.js';
import { FinanceService } from './finance.service.js';

@Module({
  imports: [PaginationModule],
  controllers: [FinanceDashboardController],
  providers: [FinanceService],
})
export class FinanceDashboardModule {}
