#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
	char *name;
	struct node *next;
};

static struct node *push(struct node *head, const char *name)
{
	struct node *n = malloc(sizeof(*n));
	if (n == NULL) {
		perror("malloc");
		exit(EXIT_FAILURE);
	}
	n->name = strdup(name);
	n->next = head;
	return n;
}

int main(int argc, char **argv)
{
	struct node *head = NULL;
	for (int i = 1; i < argc; i++)
		head = push(head, argv[i]);
	for (struct node *n = head; n != NULL; n = n->next)
		printf("%s\n", n->name);
	return 0;
}
