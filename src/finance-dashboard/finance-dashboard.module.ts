import { Module } from '@nestjs/common';
import { FinanceDashboardController } from './finance-dashboard.controller.js';
import { FinanceService } from './finance.service.js';

@Module({
  controllers: [FinanceDashboardController],
  providers: [FinanceService],
})
export class FinanceDashboardModule {}
