import { ApiProperty } from '@nestjs/swagger';

/** Every list answers this shape; `ApiPageResponse(ItemDto)` documents its items' type. */
export class PageDto<T = unknown> {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'At most `limit` items, in the list’s order',
  })
  items: T[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Send it as `cursor` for the next page; null on the last page',
  })
  nextCursor: string | null;
}
