import { Module } from '@nestjs/common';
import { PaginationModule } from '../pagination/pagination.module.js';
import { FinanceDashboardController } from './finance-dashboard.controller.js';
import { FinanceDashboardService } from './finance-dashboard.service.js';

@Module({
  imports: [PaginationModule],
  controllers: [FinanceDashboardController],
  providers: [FinanceDashboardService],
})
export class FinanceDashboardModule {}
