import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Environment } from '../config/environment.js';
import { NodeEnv } from '../config/environment-values.js';
import { AdminProductsService } from './admin-products.service.js';

const DEMO_PRODUCTS = [
  { name: 'Espresso machine', priceCents: 24_900, description: 'Fifteen bars, steam wand.' },
  { name: 'Burr grinder', priceCents: 12_900, description: 'Forty grind settings.' },
  { name: 'Milk jug', priceCents: 1_900 },
];

/** Outside production, an empty catalogue gets a few products to browse. */
@Injectable()
export class DemoProductsSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly products: AdminProductsService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const production = this.config.get('NODE_ENV', { infer: true }) === NodeEnv.Production;
    if (production || !this.config.get('SEED_DEMO_DATA', { infer: true })) return;
    if ((await this.products.count()) > 0) return;
    for (const product of DEMO_PRODUCTS) await this.products.create(product);
  }
}
