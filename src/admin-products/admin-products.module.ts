import { Module } from '@nestjs/common';
import { AdminProductsController } from './admin-products.controller.js';
import { DemoProductsSeeder } from './demo-products.seeder.js';
import { ProductsController } from './products.controller.js';
import { ProductsService } from './products.service.js';

@Module({
  controllers: [ProductsController, AdminProductsController],
  providers: [ProductsService, DemoProductsSeeder],
})
export class AdminProductsModule {}
