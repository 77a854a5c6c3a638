import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { asc, count, eq } from 'drizzle-orm';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import type { CreateProductDto } from './dto/create-product.dto.js';
import type { UpdateProductDto } from './dto/update-product.dto.js';
import { products } from './products.schema.js';

export type Product = typeof products.$inferSelect;

@Injectable()
export class ProductsService {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  list(): Promise<Product[]> {
    return this.db.select().from(products).orderBy(asc(products.createdAt), asc(products.id));
  }

  async get(id: string): Promise<Product> {
    const [product] = await this.db.select().from(products).where(eq(products.id, id));
    if (!product) throw new NotFoundException('Product not found.');
    return product;
  }

  async create(input: CreateProductDto): Promise<Product> {
    const [product] = await this.db.insert(products).values(input).returning();
    return product;
  }

  async update(id: string, { name, priceCents, description }: UpdateProductDto): Promise<Product> {
    const [product] = await this.db
      .update(products)
      .set({ name, priceCents, description, updatedAt: new Date() })
      .where(eq(products.id, id))
      .returning();
    if (!product) throw new NotFoundException('Product not found.');
    return product;
  }

  async remove(id: string): Promise<void> {
    const deleted = await this.db
      .delete(products)
      .where(eq(products.id, id))
      .returning({ id: products.id });
    if (deleted.length === 0) throw new NotFoundException('Product not found.');
  }

  async count(): Promise<number> {
    const [{ total }] = await this.db.select({ total: count() }).from(products);
    return total;
  }
}
