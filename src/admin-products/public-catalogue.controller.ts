import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ApiPageResponse } from '../pagination/api-page-response.decorator.js';
import { PageQueryDto } from '../pagination/page-query.dto.js';
import type { PageDto } from '../pagination/page.dto.js';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { AdminProductsService, Product, productNotFound } from './admin-products.service.js';
import { ProductDto } from './dto/product.dto.js';
import { UuidParam } from '../validation/uuid-param.decorator.js';

/** The public catalogue: anyone may read it. */
@ApiTags('products')
@Public()
@Controller('products')
export class PublicCatalogueController {
  constructor(private readonly products: AdminProductsService) {}

  @Get()
  @ApiOperation({ operationId: 'listProducts', summary: 'List the catalogue, oldest first' })
  @ApiPageResponse(ProductDto)
  list(@Query() query: PageQueryDto): Promise<PageDto<Product>> {
    return this.products.list(query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getProduct', summary: 'One product' })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblemResponse(400, 'Malformed id')
  @ApiProblemResponse(404, 'No such product', productNotFound())
  get(@UuidParam() id: string): Promise<Product> {
    return this.products.get(id);
  }
}
