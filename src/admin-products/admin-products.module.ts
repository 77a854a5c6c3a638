import { Module } from '@nestjs/common';
import { PaginationModule } from '../pagination/pagination.module.js';
import { AdminProductsController } from './admin-products.controller.js';
import { AdminProductsService } from './admin-products.service.js';
import { DemoProductsSeeder } from './demo-products.seeder.js';
import { PublicCatalogueController } from './public-catalogue.controller.js';

@Module({
  imports: [PaginationModule],
  controllers: [PublicCatalogueController, AdminProductsController],
  providers: [AdminProductsService, DemoProductsSeeder],
})
export class AdminProductsModule {}
