import { Body, Controller, Delete, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '../auth/role.enum.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { AdminProductsService, Product, productNotFound } from './admin-products.service.js';
import { CreateProductDto } from './dto/create-product.dto.js';
import { ProductDto } from './dto/product.dto.js';
import { UpdateProductDto } from './dto/update-product.dto.js';
import { UuidParam } from '../validation/uuid-param.decorator.js';

/** Catalogue editing: admins only. A signed-in shopper gets 403, an anonymous caller 401. */
@ApiTags('admin: products')
@Roles(Role.Admin)
@Controller('admin/products')
export class AdminProductsController {
  constructor(private readonly products: AdminProductsService) {}

  @Post()
  @ApiOperation({ operationId: 'createProduct', summary: 'Add a product' })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiProblemResponse(400, 'Invalid body')
  create(@Body() body: CreateProductDto): Promise<Product> {
    return this.products.create(body);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateProduct', summary: 'Change a product' })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblemResponse(400, 'Invalid body or id')
  @ApiProblemResponse(404, 'No such product', productNotFound())
  update(@UuidParam() id: string, @Body() body: UpdateProductDto): Promise<Product> {
    return this.products.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'deleteProduct', summary: 'Remove a product' })
  @ApiNoContentResponse()
  @ApiProblemResponse(400, 'Malformed id')
  @ApiProblemResponse(404, 'No such product', productNotFound())
  remove(@UuidParam() id: string): Promise<void> {
    return this.products.remove(id);
  }
}
