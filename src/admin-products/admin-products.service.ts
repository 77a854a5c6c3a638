import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { count, eq, getTableColumns } from 'drizzle-orm';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { KeysetOrder } from '../pagination/keyset-order.js';
import type { PageDto } from '../pagination/page.dto.js';
import type { PageQueryDto } from '../pagination/page-query.dto.js';
import { PaginationService } from '../pagination/pagination.service.js';
import { products } from './admin-products.schema.js';
import type { CreateProductDto } from './dto/create-product.dto.js';
import type { UpdateProductDto } from './dto/update-product.dto.js';

/** Also the OpenAPI document's example of the 404. */
export const productNotFound = () => new NotFoundException('Product not found.');

export type Product = typeof products.$inferSelect;

const CATALOGUE = ['products'];
/** Oldest first, through the (created_at, id) index. */
const byCreation = new KeysetOrder(products.createdAt, products.id, 'asc');

@Injectable()
export class AdminProductsService {
  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    private readonly pagination: PaginationService,
  ) {}

  async list({ limit, cursor }: PageQueryDto): Promise<PageDto<Product>> {
    const rows = await this.db
      .select({ ...getTableColumns(products), position: byCreation.position })
      .from(products)
      .where(byCreation.after(this.pagination.after(CATALOGUE, cursor)))
      .orderBy(...byCreation.orderBy)
      .limit(limit + 1);
    return this.pagination.page(CATALOGUE, rows, limit);
  }

  async get(id: string): Promise<Product> {
    const [product] = await this.db.select().from(products).where(eq(products.id, id));
    if (!product) throw productNotFound();
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
    if (!product) throw productNotFound();
    return product;
  }

  async remove(id: string): Promise<void> {
    const deleted = await this.db
      .delete(products)
      .where(eq(products.id, id))
      .returning({ id: products.id });
    if (deleted.length === 0) throw productNotFound();
  }

  async count(): Promise<number> {
    const [{ total }] = await this.db.select({ total: count() }).from(products);
    return total;
  }
}
