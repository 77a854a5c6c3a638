import { Module } from '@nestjs/common';
import { PaginationModule } from '../pagination/pagination.module.js';
import { AdminProductsController } from './admin-products.controller.js';
import { DemoProductsSeeder } from './demo-products.seeder.js';
import { ProductsController } from './products.controller.js';
import { ProductsService } from './products.service.js';

@Module({
  imports: [PaginationModule],
  controllers: [ProductsController, AdminProductsController],
  providers: [ProductsService, DemoProductsSeeder],
})
export class AdminProductsModule {}
